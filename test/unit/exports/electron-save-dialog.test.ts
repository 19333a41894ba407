import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { electronFileDeps } from '../../../src/main/electron-ipc';

/** The Electron glue of the save dialog stays thin: Downloads + the suggested name, cancel → null. */
describe('Electron save dialog glue', () => {
  const filters = [{ name: 'CSV (UTF-8)', extensions: ['csv'] }];

  function stubs(reply: { canceled: boolean; filePath?: string; filePaths?: string[] }) {
    const calls: unknown[] = [];
    const shown: string[] = [];
    const deps = electronFileDeps({
      dialog: {
        showSaveDialog: (async (...args: unknown[]) => {
          calls.push(args);
          return reply;
        }) as never,
        showOpenDialog: (async (...args: unknown[]) => {
          calls.push(args);
          return { filePaths: [], ...reply };
        }) as never,
      },
      shell: { showItemInFolder: (p: string) => shown.push(p) },
      downloadsDir: () => '/home/asha/Downloads',
      getWindow: () => null,
    });
    return { deps, calls, shown };
  }

  it('opens in Downloads with the suggested name and returns the chosen path', async () => {
    const { deps, calls } = stubs({ canceled: false, filePath: '/home/asha/Desktop/april.csv' });
    expect(await deps.chooseSavePath({ defaultName: 'payouts-2026-12-03.csv', filters })).toBe(
      '/home/asha/Desktop/april.csv',
    );
    expect(calls).toEqual([
      [{ defaultPath: join('/home/asha/Downloads', 'payouts-2026-12-03.csv'), filters, properties: expect.any(Array) }],
    ]);
  });

  it('a cancelled dialog (or one without a path) is null', async () => {
    expect(await stubs({ canceled: true }).deps.chooseSavePath({ defaultName: 'x.csv', filters })).toBeNull();
    expect(await stubs({ canceled: false, filePath: '' }).deps.chooseSavePath({ defaultName: 'x.csv', filters })).toBe(
      null,
    );
  });

  it('the open dialog picks one file (never a folder); cancelled is null', async () => {
    const request = { title: 'Tally "List of Accounts"', filters: [{ name: 'Tally', extensions: ['xml', 'xlsx'] }] };
    const { deps, calls } = stubs({ canceled: false, filePaths: ['/home/asha/accounts.xlsx'] });
    expect(await deps.chooseOpenPath?.(request)).toBe('/home/asha/accounts.xlsx');
    expect(calls).toEqual([[{ ...request, properties: ['openFile'] }]]);
    expect(await stubs({ canceled: true, filePaths: ['/x'] }).deps.chooseOpenPath?.(request)).toBeNull();
  });

  it('reveals a file with the shell', () => {
    const { deps, shown } = stubs({ canceled: true });
    deps.revealFile?.('/home/asha/Downloads/x.csv');
    expect(shown).toEqual(['/home/asha/Downloads/x.csv']);
  });
});
