// Runs the emulator in its own process, so serving 1 GiB does not share an event loop or a CPU
// time slice with the harness. Told its data folder in argv[2]; reports its base URL over IPC.
import { copySeed, startEmulator } from '../emulator/server';

async function main(): Promise<void> {
  const dataDir = process.argv[2];
  if (!dataDir || !process.send) throw new Error('usage: node emulatorChild.js <dataDir> (spawned with an IPC channel)');
  await copySeed(dataDir);
  const emulator = await startEmulator({ dataDir, port: 0 });
  process.send({ baseUrl: emulator.baseUrl });
  // The parent closing the channel (exit or crash) is the signal to stop.
  process.on('disconnect', () => void emulator.close().finally(() => process.exit(0)));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.stack : error);
  process.exit(1);
});
