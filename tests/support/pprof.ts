// Decoded profiles for the tests: the same decoder the differential fuzzer compares with
// (bench/fuzz/decode-profile.ts; bench may not import tests/, tests may import bench/).
export { decodeProfile } from '../../bench/fuzz/decode-profile.js';
export type { DecodedProfile } from '../../bench/fuzz/decode-profile.js';
