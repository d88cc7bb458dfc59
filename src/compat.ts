/** Promise API entry (`@effect-airs/model-security/compat`) for code written against the existing SDK. */
export { AISecSDKException, ErrorType } from "./compat/errors.js"
