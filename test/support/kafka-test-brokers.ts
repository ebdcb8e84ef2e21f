import { describeWithServer, kafkaBrokersForTests } from './test-servers';

/** The Kafka side of the messaging contract suites: runs `suite` against the run's broker(s). */
export function describeWithKafka(name: string, suite: (brokers: string[]) => void): void {
  describeWithServer(
    name,
    {
      what: 'Kafka broker',
      variable: 'KAFKA_BROKERS',
      value: kafkaBrokersForTests(),
      placeholder: [],
    },
    suite,
  );
}
