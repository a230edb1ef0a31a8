// Which driver errors mean "the database cannot be reached" is storage knowledge; the HTTP error
// handler (503 with Retry-After) asks here, since src/http never imports storage.
/** Whether an error from either driver means the database is unreachable (worth a retry). */
export { isDatabaseUnavailableError } from '../storage/dialect.js';
