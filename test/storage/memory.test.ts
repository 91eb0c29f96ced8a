import { MemoryStorage } from '../../src/adapters/storage/index.ts';
import { runStorageContract } from '../../src/adapters/storage/storage.contract.ts';

runStorageContract('MemoryStorage', async () => new MemoryStorage());
