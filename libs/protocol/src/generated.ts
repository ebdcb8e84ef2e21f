import { tangle } from './generated/tangle';

export { tangle };

export import auth = tangle.client.auth;
export import core = tangle.client.core;
export import chats = tangle.client.chats;
export import refs = tangle.client.refs;
export import settings = tangle.client.settings;
export import types = tangle.client.types;
export import updates = tangle.client.updates;

export type ClientMessage = tangle.client.core.ClientMessage;
export type ServerMessage = tangle.client.core.ServerMessage;
export type RPCResult = tangle.client.core.RPCResult;
export type Update = tangle.client.updates.Update;
