/** This package's name and version, as sent in the `User-Agent` header. */
export const PACKAGE_NAME = "@effect-airs/model-security"
export const PACKAGE_VERSION = "0.1.0"
export const USER_AGENT = `${PACKAGE_NAME}/${PACKAGE_VERSION}`
