/**
 * Personal data never enters the lake: an event whose props name a personal field (email,
 * phone, name, address, birth date, national id…) or whose values look like an email address or
 * a phone number is refused with a reason naming the field. The platform sends its user id; who
 * that person is stays in the platform. Refusing (rather than hashing) keeps the lake free of
 * anything a dictionary attack on a hash could reverse (phone numbers are few enough to enumerate).
 */
const PERSONAL_KEYS = new Set([
  "email", "emailaddress", "mail", "phone", "phonenumber", "mobile", "mobilephone", "tel", "telephone", "msisdn",
  "name", "fullname", "firstname", "lastname", "givenname", "familyname", "surname", "middlename", "displayname", "username", "realname",
  "address", "streetaddress", "street", "postcode", "postalcode", "zip", "zipcode",
  "birthdate", "dateofbirth", "dob", "birthday", "ssn", "passport", "passportnumber", "nationalid", "idnumber", "taxid",
  "ip", "ipaddress", "iban", "cardnumber",
]);
const EMAIL = /[^\s@]+@[^\s@]+\.[^\s@]{2,}/;
const PHONE = /^\+?[\d\s().-]{9,24}$/;

const normalise = (key: string) => key.toLowerCase().replace(/[^a-z0-9]/g, "");

function looksLikePhone(value: string): boolean {
  if (!PHONE.test(value.trim())) return false;
  const digits = value.replace(/\D/g, "").length;
  // a decimal amount or an ISO date is not a phone number: phones carry a + or separators and 9+ digits
  return digits >= 9 && digits <= 15 && /^\+|[\s()-]/.test(value.trim()) && !/^\d{4}-\d{2}-\d{2}/.test(value.trim());
}

/** What in a value is personal, if anything. */
export function personalValueKind(value: string): "email" | "phone" | undefined {
  if (EMAIL.test(value)) return "email";
  if (looksLikePhone(value)) return "phone";
  return undefined;
}

/** The reason to refuse an event's props, naming the field, or undefined when they hold no personal data. */
export function personalDataReason(props: Record<string, unknown>, path = "props", depth = 0): string | undefined {
  if (depth > 8) return undefined;
  for (const [key, value] of Object.entries(props)) {
    const at = `${path}.${key}`;
    if (PERSONAL_KEYS.has(normalise(key))) return `${at}: personal data is not accepted in events (send the platform's user id, never contact details)`;
    if (typeof value === "string") {
      const kind = personalValueKind(value);
      if (kind) return `${at}: looks like ${kind === "email" ? "an email address" : "a phone number"}; personal data is not accepted in events`;
    } else if (value && typeof value === "object") {
      const nested = personalDataReason(value as Record<string, unknown>, at, depth + 1);
      if (nested) return nested;
    }
  }
  return undefined;
}
