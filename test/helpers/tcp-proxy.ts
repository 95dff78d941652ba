// A TCP proxy between the app and a real server (PostgreSQL in the fault
// tests) that can be cut: while cut, nothing listens on its port (new
// connections are refused) and every open connection has been destroyed,
// as when the database host goes away.
import net from 'node:net';

export interface TcpProxy {
  port: number;
  /** Connections accepted so far (a test can check the app really went through the proxy). */
  readonly accepted: number;
  cut(): Promise<void>;
  restore(): Promise<void>;
  close(): Promise<void>;
}

export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  const sockets = new Set<net.Socket>();
  let accepted = 0;
  const server = net.createServer((client) => {
    accepted++;
    const upstream = net.connect(target.port, target.host);
    sockets.add(client);
    sockets.add(upstream);
    const drop = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('error', drop).on('close', drop);
    upstream.on('error', drop).on('close', drop);
    client.pipe(upstream);
    upstream.pipe(client);
  });
  const listen = (port: number) =>
    new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
  await listen(0);
  const port = (server.address() as net.AddressInfo).port;
  let listening = true;
  const stopListening = () =>
    new Promise<void>((resolve) => {
      if (!listening) return resolve();
      listening = false;
      server.close(() => resolve());
      for (const s of sockets) s.destroy(); // close() waits for open connections otherwise
      sockets.clear();
    });
  return {
    port,
    get accepted() {
      return accepted;
    },
    cut: stopListening,
    async restore() {
      if (listening) return;
      await listen(port);
      listening = true;
    },
    close: stopListening,
  };
}
