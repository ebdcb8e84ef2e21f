/**
 * The servers of the contract suites. A given MONGO_URL / KAFKA_BROKERS is used as it is;
 * otherwise jest's global setup starts FerretDB and a Kafka broker for the run and passes their
 * addresses to the suites as TEST_MONGO_URL / TEST_KAFKA_BROKERS. Those names keep them from
 * the apps that the end-to-end suites start with this environment: an app that saw MONGO_URL or
 * KAFKA_BROKERS would switch to its production adapters.
 *
 * TEST_SERVERS=off starts nothing, and the suites that need a server skip and say so.
 */
export const TEST_SERVERS_OFF = process.env.TEST_SERVERS === 'off';

export function mongoUrlForTests(): string | null {
  return process.env.MONGO_URL || process.env.TEST_MONGO_URL || null;
}

export function kafkaBrokersForTests(): string[] | null {
  const list = process.env.KAFKA_BROKERS || process.env.TEST_KAFKA_BROKERS || '';
  const brokers = list
    .split(',')
    .map((broker) => broker.trim())
    .filter((broker) => broker !== '');
  return brokers.length > 0 ? brokers : null;
}

/**
 * `describe` when the server is there. Without it: skipped with a message under
 * TEST_SERVERS=off, and otherwise one failing test, since the global setup should have started it.
 */
export function describeWithServer<T>(
  name: string,
  server: { what: string; variable: string; value: T | null; placeholder: T },
  suite: (value: T) => void,
): void {
  if (server.value !== null) {
    const value = server.value;
    describe(name, () => suite(value));
    return;
  }
  if (TEST_SERVERS_OFF) {
    console.warn(`${name}: skipped (TEST_SERVERS=off and no ${server.variable})`);
    // Defined but skipped, so the run counts the suite's tests as skipped.
    describe.skip(name, () => suite(server.placeholder)); // skipped on purpose: TEST_SERVERS=off asks for no server
    return;
  }
  describe(name, () => {
    it(`has a ${server.what}`, () => {
      throw new Error(
        `No ${server.what}: set ${server.variable}, or run through jest's global setup ` +
          '(jest.config.js) which starts one, or set TEST_SERVERS=off to skip this suite.',
      );
    });
  });
}
