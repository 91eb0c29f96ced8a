import { openStorage, PGLITE_MEMORY } from '../../src/adapters/storage/index.ts';
import { runStorageContract } from '../../src/adapters/storage/storage.contract.ts';

runStorageContract('PGlite (memory://)', () => openStorage({ dataDir: PGLITE_MEMORY }));
