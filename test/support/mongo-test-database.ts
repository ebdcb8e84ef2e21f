import mongoose from 'mongoose';
import { describeWithServer, mongoUrlForTests } from './test-servers';

/**
 * The MongoDB side of the adapters' contract suites: MONGO_URL when given, else the FerretDB
 * that jest's global setup started (see test-servers.ts). Each test gets a database of its own,
 * dropped afterwards.
 */
const url = mongoUrlForTests();
const runId = `${process.pid}_${Date.now().toString(36)}`;
let databases = 0;

export function describeWithMongo(name: string, suite: (url: string) => void): void {
  describeWithServer(
    name,
    { what: 'MongoDB server', variable: 'MONGO_URL', value: url, placeholder: '' },
    suite,
  );
}

/** A fresh database name for one test, and how to drop it. */
export function testDatabase(prefix: string): { dbName: string; drop: () => Promise<void> } {
  const dbName = `${prefix}_${runId}_${++databases}`;
  return {
    dbName,
    drop: async () => {
      const connection = await mongoose.createConnection(url!, { dbName }).asPromise();
      try {
        await connection.dropDatabase();
      } finally {
        await connection.close();
      }
    },
  };
}

/** Opening on an unreachable server fails and leaves no connection open. */
export async function expectFailedOpenLeavesNoConnection(
  open: (unreachable: string) => Promise<unknown>,
): Promise<void> {
  const before = mongoose.connections.length;
  await expect(open('mongodb://127.0.0.1:9')).rejects.toThrow();
  const opened = mongoose.connections.slice(before);
  expect(opened).toHaveLength(1);
  expect(opened.every((connection) => connection.readyState === 0)).toBe(true);
}

export function expectNoMongoConnection(): void {
  expect(mongoose.connections.every((connection) => connection.readyState === 0)).toBe(true);
}
