/** Must match the api's minimum; the api re-checks and its message lands on the field. */
export const MIN_PASSWORD_LENGTH = 10;
