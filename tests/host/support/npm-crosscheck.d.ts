// Types for the test-only cross-check packages (they ship none).
declare module "fast-luhn" {
  /** true when the digit string passes Luhn (false for any non-digit). */
  export default function luhn(digits: string): boolean;
}
declare module "id-validator" {
  export default class IDValidator {
    constructor(gb2260?: Record<string, string>);
    isValid(id: string, forceLength?: number): boolean;
  }
}
declare module "id-validator/src/GB2260.js" {
  const GB2260: Record<string, string>;
  export default GB2260;
}
