import type {
  AllSubscription,
  AllSubscriptionOptions,
  AppendResult,
  EventStore,
  EventToAppend,
  ExpectedRevision,
  GlobalPosition,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
} from '@tangle/application';
import { AccountDeleted, AuthError, ERASED, personalFieldsOf } from '@tangle/contracts';
import { openValue, sealValue, type DataKey, type DataKeyVault } from './data-key-vault';

/**
 * How a sealed field is stored: an object naming the field, which no personal field in plain
 * text ever is. The values themselves are sealed together, once per event (one AES-GCM
 * operation), in the event's `$pd` member, bound to the event id.
 */
interface SealedField {
  $pd: string;
}

const SEAL = '$pd';

function isSealed(value: unknown): value is SealedField {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { $pd?: unknown }).$pd === 'string'
  );
}

/**
 * The event store with personal data sealed: on append, every field the registry
 * (`PERSONAL_DATA` in the contracts) declares for the event's type is encrypted under the data
 * key of the event's `userId`; on every way out (stream reads, $all pages, the subscription) it
 * is opened again, or reads as ERASED once that key is destroyed. Everything above this port
 * (deciders, caches, projections, the relay) sees plain events and never a key.
 *
 * An event type the registry does not declare is refused: its fields could be personal.
 */
export class PersonalDataEventStore implements EventStore {
  constructor(
    private readonly inner: EventStore,
    private readonly vault: DataKeyVault,
  ) {}

  async append(
    streamId: string,
    events: readonly EventToAppend[],
    expected: ExpectedRevision,
  ): Promise<AppendResult> {
    const sealed: EventToAppend[] = [];
    for (const event of events) sealed.push(await this.seal(event));
    return this.inner.append(streamId, sealed, expected);
  }

  async readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]> {
    return this.openAll(await this.inner.readStream(streamId, options));
  }

  async readAll(options: ReadAllOptions): Promise<RecordedEvent[]> {
    return this.openAll(await this.inner.readAll(options));
  }

  lastPosition(): Promise<GlobalPosition | null> {
    return this.inner.lastPosition();
  }

  subscribeToAll(options: AllSubscriptionOptions): AllSubscription {
    return this.inner.subscribeToAll({
      ...options,
      onEvent: async (event) => {
        // Another process deleted the account: its key may still be in this one's memory.
        if (event.type === AccountDeleted) this.vault.forget(userIdOf(event.data) ?? '');
        const opened = this.open(event);
        return options.onEvent(opened instanceof Promise ? await opened : opened);
      },
    });
  }

  close(): Promise<void> {
    return this.inner.close();
  }

  private async seal(event: EventToAppend): Promise<EventToAppend> {
    const fields = personalFieldsOf(event.type);
    if (fields === undefined) {
      throw new Error(
        `event type ${event.type} has no personal-data declaration (PERSONAL_DATA in the contracts)`,
      );
    }
    if (fields.length === 0 || !fields.some((path) => plainAt(event.data, path))) return event;
    const userId = userIdOf(event.data);
    if (userId === null) throw new Error(`event ${event.type} with personal data has no userId`);
    const got = this.vault.keyToSeal(userId);
    const key = got instanceof Promise ? await got : got;
    if (!(key instanceof Buffer)) throw new AuthError('NOT_FOUND', 'no such account');
    const data = structuredClone(event.data) as Record<string, unknown>;
    const values: Record<string, unknown> = {};
    for (const path of fields) {
      const value = getAt(data, path);
      if (value === undefined || value === null) continue;
      values[path] = value;
      const marker: SealedField = { $pd: path };
      setAt(data, path, marker);
    }
    data[SEAL] = sealValue(key, values, bindingOf(event.eventId));
    return { ...event, data };
  }

  private async openAll(events: RecordedEvent[]): Promise<RecordedEvent[]> {
    const opened: RecordedEvent[] = [];
    for (const event of events) {
      const each = this.open(event);
      opened.push(each instanceof Promise ? await each : each);
    }
    return opened;
  }

  /** Synchronous when there is nothing to open, or the key is in memory. */
  private open(event: RecordedEvent): RecordedEvent | Promise<RecordedEvent> {
    const fields = personalFieldsOf(event.type);
    if (!fields || fields.length === 0) return event;
    if (!fields.some((path) => isSealed(getAt(event.data, path)))) return event;
    const key = this.vault.keyToOpen(userIdOf(event.data) ?? '');
    return key instanceof Promise
      ? key.then((k) => openWith(event, fields, k))
      : openWith(event, fields, key);
  }
}

function openWith(event: RecordedEvent, fields: readonly string[], key: DataKey): RecordedEvent {
  const data = structuredClone(event.data) as Record<string, unknown>;
  const seal = data[SEAL];
  if (typeof seal !== 'string')
    throw new Error(`event ${event.eventId}: sealed fields without their seal`);
  delete data[SEAL];
  const values =
    key instanceof Buffer
      ? (openValue(key, seal, bindingOf(event.eventId)) as Record<string, unknown>)
      : null;
  for (const path of fields) {
    if (!isSealed(getAt(data, path))) continue;
    setAt(data, path, values === null ? ERASED : values[path]);
  }
  return { ...event, data };
}

function bindingOf(eventId: string): string {
  return `personal-data\n${eventId}`;
}

function userIdOf(data: unknown): string | null {
  const userId = (data as { userId?: unknown } | null)?.userId;
  return typeof userId === 'string' && userId !== '' ? userId : null;
}

function plainAt(data: unknown, path: string): boolean {
  const value = getAt(data, path);
  return value !== undefined && value !== null && !isSealed(value);
}

function getAt(data: unknown, path: string): unknown {
  let node: unknown = data;
  for (const part of path.split('.')) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return node;
}

function setAt(data: Record<string, unknown>, path: string, value: unknown): void {
  const parts = path.split('.');
  let node = data;
  for (const part of parts.slice(0, -1)) node = node[part] as Record<string, unknown>;
  node[parts[parts.length - 1]] = value;
}
