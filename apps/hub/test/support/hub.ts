export { startTestHub, type TestHub } from "../../src/testing.js";
