import 'reflect-metadata';
import { Body, Controller, Logger, Module, Post } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createServiceLogger, NestServiceLogger } from '@tangle/platform';
import { configureHttpServer, createHttpAdapter } from './http-server';

@Controller()
class ProbeController {
  private readonly logger = new Logger('Probe');

  @Post('probe')
  async probe(@Body() body: { say: string }): Promise<{ ok: true }> {
    await new Promise((resolve) => setTimeout(resolve, 5));
    this.logger.warn(`handler says ${body.say}`);
    return { ok: true };
  }
}

@Module({ controllers: [ProbeController] })
class ProbeModule {}

describe('HTTP trace ids in the log', () => {
  const written: string[] = [];
  let app: NestFastifyApplication;

  beforeAll(async () => {
    const logger = new NestServiceLogger(
      createServiceLogger({
        service: 'test',
        level: 'debug',
        destination: { write: (line: string) => void written.push(line) },
      }),
    );
    app = await NestFactory.create<NestFastifyApplication>(ProbeModule, createHttpAdapter(65_536), {
      logger,
      bodyParser: false,
    });
    configureHttpServer(app, 65_536);
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
  });

  afterAll(() => app.close());

  const lines = () => written.map((line) => JSON.parse(line) as Record<string, unknown>);

  it("writes the handler's lines, after its body was read and an await, under the request's id", async () => {
    const answer = await app
      .getHttpAdapter()
      .getInstance()
      .inject({
        method: 'POST',
        url: '/probe',
        headers: { 'content-type': 'application/json', 'x-request-id': 'edge-probe-0001' },
        payload: JSON.stringify({ say: 'hello' }),
      });
    expect(answer.statusCode).toBe(201);
    expect(answer.headers['x-request-id']).toBe('edge-probe-0001');
    expect(lines()).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          context: 'Probe',
          msg: 'handler says hello',
          traceId: 'edge-probe-0001',
        }),
        expect.objectContaining({
          msg: 'http request',
          level: 'debug',
          traceId: 'edge-probe-0001',
          route: '/probe',
          status: 201,
          outcome: 'OK',
        }),
      ]),
    );
  });

  it('gives two requests without an id two fresh ones, each on its own lines', async () => {
    const fastify = app.getHttpAdapter().getInstance();
    const send = (say: string) =>
      fastify.inject({
        method: 'POST',
        url: '/probe',
        headers: { 'content-type': 'application/json' },
        payload: JSON.stringify({ say }),
      });
    const [one, two] = await Promise.all([send('one'), send('two')]);
    const ids = [one.headers['x-request-id'], two.headers['x-request-id']];
    expect(ids[0]).toMatch(/^req_/);
    expect(ids[1]).toMatch(/^req_/);
    expect(ids[0]).not.toBe(ids[1]);
    const said = (text: string) => lines().find((line) => line.msg === `handler says ${text}`);
    expect(said('one')?.traceId).toBe(ids[0]);
    expect(said('two')?.traceId).toBe(ids[1]);
  });
});
