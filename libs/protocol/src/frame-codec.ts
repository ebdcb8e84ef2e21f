import { Writer } from 'protobufjs/minimal';
import { auth, core, settings, updates, type ClientMessage } from './generated';
import { salvageUint32 } from './wire-scan';
import {
  lenFieldSize,
  tag,
  utf8Size,
  varintSize,
  writeLenHeader,
  writeUtf8,
  writeVarint,
} from './wire-write';

export type DecodedFrame =
  { ok: true; message: ClientMessage } | { ok: false; reason: string; reqId?: number };

/** The `RPCResult.result` cases that carry a value; errors go through `encodeError`. */
export type ResultKind = Exclude<NonNullable<core.RPCResult['result']>, 'error'>;
export type ResultValue<K extends ResultKind> = NonNullable<core.RPCResult.$Properties[K]>;

const MAX_REASON = 200;
const WIRE_VARINT = 0;
const WIRE_LEN = 2;

const SERVER_UPDATE = tag(2, WIRE_LEN);
const SERVER_RESULT = tag(3, WIRE_LEN);
const RESULT_REQ_ID = tag(1, WIRE_VARINT);
const RESULT_ERROR = tag(2, WIRE_LEN);
const RESULT_TRACE_ID = tag(37, WIRE_LEN);
const ERROR_CODE = tag(1, WIRE_VARINT);
const ERROR_MESSAGE = tag(2, WIRE_LEN);

type ResultEncoders = {
  [K in ResultKind]: {
    tag: number;
    encode: (value: ResultValue<K>, writer: Writer) => Writer;
  };
};

const RESULT_ENCODERS: ResultEncoders = {
  authorization: { tag: tag(4, WIRE_LEN), encode: (v, w) => auth.Authorization.encode(v, w) },
  createdInvite: { tag: tag(11, WIRE_LEN), encode: (v, w) => auth.CreatedInvite.encode(v, w) },
  initialized: { tag: tag(14, WIRE_LEN), encode: (v, w) => core.Initialized.encode(v, w) },
  sessions: { tag: tag(19, WIRE_LEN), encode: (v, w) => auth.Sessions.encode(v, w) },
  invitePreview: { tag: tag(23, WIRE_LEN), encode: (v, w) => auth.InvitePreview.encode(v, w) },
  inviteList: { tag: tag(27, WIRE_LEN), encode: (v, w) => auth.InviteList.encode(v, w) },
  account: { tag: tag(32, WIRE_LEN), encode: (v, w) => settings.Account.encode(v, w) },
  totp: { tag: tag(36, WIRE_LEN), encode: (v, w) => settings.Totp.encode(v, w) },
};

/**
 * Decodes one client frame. Never throws: a frame that does not decode yields a reason and, when
 * its top-level `id` is still readable, the request id to answer.
 */
export function decodeClientFrame(buf: Uint8Array): DecodedFrame {
  try {
    return { ok: true, message: core.ClientMessage.decode(buf) };
  } catch (err) {
    const reason = describe(err);
    let reqId: number | undefined;
    try {
      reqId = salvageUint32(buf, 1);
    } catch {
      // The salvage is best effort; the reason alone still answers the frame.
    }
    return reqId === undefined ? { ok: false, reason } : { ok: false, reason, reqId };
  }
}

/** `ServerMessage { result: RPCResult { req_id, <kind>: value, trace_id? } }`. */
export function encodeResult<K extends ResultKind>(
  reqId: number,
  kind: K,
  value: ResultValue<K>,
  traceId?: string,
): Uint8Array {
  const encoder: ResultEncoders[K] = RESULT_ENCODERS[kind];
  if (!encoder) throw new TypeError(`not an RPCResult case: ${String(kind)}`);
  // One pass through protobufjs' writer: fork/ldelim patch the lengths without copying the body.
  const writer = Writer.create();
  writer.uint32(SERVER_RESULT).fork();
  reqId >>>= 0;
  if (reqId) writer.uint32(RESULT_REQ_ID).uint32(reqId);
  encoder.encode(value, writer.uint32(encoder.tag).fork()).ldelim();
  if (traceId !== undefined) writer.uint32(RESULT_TRACE_ID).string(traceId);
  return writer.ldelim().finish();
}

/** `ServerMessage { result: RPCResult { req_id, error: { error_code, error_message }, trace_id? } }`. */
export function encodeError(
  reqId: number,
  code: number,
  message: string,
  traceId?: string,
): Uint8Array {
  code >>>= 0;
  const messageSize = utf8Size(message);
  const errorSize =
    (code ? varintSize(ERROR_CODE) + varintSize(code) : 0) +
    (messageSize ? lenFieldSize(ERROR_MESSAGE, messageSize) : 0);
  const frame = openResult(reqId, lenFieldSize(RESULT_ERROR, errorSize), traceId);
  const buf = frame.buf;
  let pos = writeLenHeader(buf, frame.pos, RESULT_ERROR, errorSize);
  if (code) {
    pos = writeVarint(buf, writeVarint(buf, pos, ERROR_CODE), code);
  }
  if (messageSize) {
    pos = writeLenHeader(buf, pos, ERROR_MESSAGE, messageSize);
    pos = writeUtf8(buf, pos, message, messageSize);
  }
  return closeResult(frame, pos, traceId);
}

/** `ServerMessage { result: RPCResult { req_id, trace_id? } }`: the answer of an RPC returning `()`. */
export function encodeEmptyResult(reqId: number, traceId?: string): Uint8Array {
  const frame = openResult(reqId, 0, traceId);
  return closeResult(frame, frame.pos, traceId);
}

/** `ServerMessage { update }`. Encode once and send the bytes to every subscriber. */
export function encodeUpdate(update: updates.Update.$Properties): Uint8Array {
  const writer = Writer.create();
  return updates.Update.encode(update, writer.uint32(SERVER_UPDATE).fork()).ldelim().finish();
}

interface OpenFrame {
  buf: Buffer;
  /** Where the result case goes. */
  pos: number;
  traceSize: number;
}

/** Allocates the exact frame and writes everything up to the result case. */
function openResult(reqId: number, caseSize: number, traceId: string | undefined): OpenFrame {
  reqId >>>= 0;
  const traceSize = traceId === undefined ? -1 : utf8Size(traceId);
  const resultSize =
    (reqId ? varintSize(RESULT_REQ_ID) + varintSize(reqId) : 0) +
    caseSize +
    (traceSize >= 0 ? lenFieldSize(RESULT_TRACE_ID, traceSize) : 0);
  // Buffer.allocUnsafe draws small frames from Node's pool; every byte is written below.
  const buf = Buffer.allocUnsafe(lenFieldSize(SERVER_RESULT, resultSize));
  let pos = writeLenHeader(buf, 0, SERVER_RESULT, resultSize);
  if (reqId) {
    pos = writeVarint(buf, writeVarint(buf, pos, RESULT_REQ_ID), reqId);
  }
  return { buf, pos, traceSize };
}

function closeResult(frame: OpenFrame, pos: number, traceId: string | undefined): Uint8Array {
  if (traceId !== undefined) {
    pos = writeLenHeader(frame.buf, pos, RESULT_TRACE_ID, frame.traceSize);
    pos = writeUtf8(frame.buf, pos, traceId, frame.traceSize);
  }
  if (pos !== frame.buf.length)
    throw new Error(`frame size mismatch: ${pos} != ${frame.buf.length}`);
  return frame.buf;
}

function describe(err: unknown): string {
  const text = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  return text.length > MAX_REASON ? `${text.slice(0, MAX_REASON)}...` : text;
}
