// The derive process (started at a lower CPU priority by child.mjs): turns
// each request from its parent into derived copies. It lives exactly as long
// as the IPC channel to its parent.
import { deriveCopies, type DeriveRequest } from './derivations.ts';

interface Request extends DeriveRequest {
  id: number;
}

const send = (msg: unknown) => process.send?.(msg);
process.on('disconnect', () => process.exit(0));
process.on('message', (msg: Request) => {
  deriveCopies(msg).then(
    (outputs) => send({ id: msg.id, outputs }),
    (err: unknown) => send({ id: msg.id, error: err instanceof Error ? err.message : String(err) }),
  );
});
send({ ready: true });
