/* What the bundle uses for `cross-fetch`: Node's own fetch (Node ≥ 18), so
 * node-fetch and its URL and encoding polyfills stay out of the CLI. */
const globalFetch = (...args) => globalThis.fetch(...args);
module.exports = globalFetch;
module.exports.default = globalFetch;
module.exports.fetch = globalFetch;
module.exports.Headers = globalThis.Headers;
module.exports.Request = globalThis.Request;
module.exports.Response = globalThis.Response;
