/**
 * The helper process of a starting instance (forked by health/start-server.ts `startHelper`): it
 * shares the listening socket with the server process and answers like the start server — so a
 * probe's new connection is answered at once even while the server's main thread is busy in one
 * long synchronous step (reopening the PGlite directory runs PostgreSQL's start-up as WebAssembly;
 * building the app). It learns the current step from the server, stops when told (the app has
 * taken over) and exits when the server process is gone.
 */
import http from 'node:http';
import type net from 'node:net';
import { startingHandler } from './start-server';

export type StartHelperMessage = { type: 'start'; step: string; engine: 'pglite' | 'postgres' } | { type: 'step'; step: string } | { type: 'stop' };

let state: { step: string; engine: 'pglite' | 'postgres' } = { step: 'Start', engine: 'pglite' };
const server = http.createServer(startingHandler(() => state));
let shared: net.Server | undefined;
/** Connections this process accepted and has not closed yet. */
const offen = new Set<net.Socket>();
let stoppt = false;

process.on('message', (m: StartHelperMessage, handle?: net.Server) => {
  if (m.type === 'start' && handle) {
    state = { step: m.step, engine: m.engine };
    shared = handle;
    handle.on('connection', (socket: net.Socket) => {
      offen.add(socket);
      socket.once('close', () => {
        offen.delete(socket);
        if (stoppt && offen.size === 0) process.exit(0);
      });
      server.emit('connection', socket);
    });
    process.send?.({ type: 'accepting' });
  } else if (m.type === 'step') {
    state.step = m.step;
  } else if (m.type === 'stop') {
    // Stop accepting. A connection accepted just before may not have sent its request yet: it is
    // not cut (that would be a reset at the handover). Every answer here closes its connection, so
    // the open ones end by themselves; the process exits when the last has closed (the http server
    // does not count connections handed to it, so they are counted here). One that never sends a
    // request is ended after 2 s.
    stoppt = true;
    shared?.close();
    if (offen.size === 0) process.exit(0);
    setTimeout(() => {
      for (const socket of offen) socket.destroy();
      process.exit(0);
    }, 2000).unref();
  }
});
// The server process ended (also by SIGKILL): never keep its port.
process.on('disconnect', () => process.exit(0));
