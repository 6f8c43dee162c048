import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { test } from 'node:test';
import { checkPorts, PortInUseError, plannedPorts } from './check-ports.ts';
import { loadLauncherConfig } from './config.ts';
import { listeningInodes } from './port-holder.ts';

test('the planned ports: poller, normalizer, report, one per sink, and the simulator in the demo', () => {
  const config = loadLauncherConfig({ START_SINKS: '2' });
  assert.deepEqual(
    plannedPorts(config).map((p) => p.port),
    [8888, 9464, 8080, 9465, 9466, 8787],
  );
  const real = loadLauncherConfig({ SPOTIFY_CLIENT_ID: 'a', SPOTIFY_CLIENT_SECRET: 'b' });
  assert.ok(!plannedPorts(real).some((p) => p.variable === 'SIM_PORT'));
});

test('a taken port is named with what it was for, the process holding it and the variable that moves it', async () => {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  try {
    await assert.rejects(
      checkPorts([{ port, what: "the poller's /callback", variable: 'START_POLLER_PORT' }]),
      (error: unknown) => {
        assert.ok(error instanceof PortInUseError);
        assert.match(
          error.message,
          new RegExp(
            `^port ${port} \\(the poller's /callback\\) is in use by pid ${process.pid} \\(.*node.*\\): .* set START_POLLER_PORT$`,
          ),
        );
        return true;
      },
    );
  } finally {
    server.close();
  }
  // Free again: nothing to report.
  await checkPorts([{ port, what: 'x', variable: 'X' }]);
});

test("/proc/net/tcp's listening sockets on a port", () => {
  const table = [
    '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode',
    '   0: 0100007F:22B8 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 4242 1 0',
    '   1: 0100007F:22B8 0100007F:9C40 01 00000000:00000000 00:00000000 00000000     0        0 4343 1 0',
    '   2: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 4444 1 0',
  ].join('\n');
  assert.deepEqual(listeningInodes(table, 8888), ['4242']);
});
