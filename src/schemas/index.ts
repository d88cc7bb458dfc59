/** Every wire type of the API, one Schema each, named after the OpenAPI components. */
export * from "./common.js"
export * from "./evaluation.js"
export * from "./file.js"
export * from "./labels.js"
export * from "./scan.js"
export * from "./violation.js"
