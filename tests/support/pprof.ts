// Decoded profiles for the tests: the same decoder the differential fuzzer compares with
// (tests/support/decode-profile.ts; bench may import tests/support, not the other way).
export { decodeProfile } from './decode-profile.js';
export type { DecodedProfile } from './decode-profile.js';
