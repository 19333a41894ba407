import { existsSync } from 'node:fs';
import { basename, isAbsolute, resolve } from 'node:path';
import { AppError } from '../../../shared/domain/errors';
import { FILE_TYPES, type FileType } from '../../../shared/domain/file-types';

/**
 * Where main writes the files the user asks for. The renderer never names a path and never receives file
 * bytes: a handler asks the injected save dialog for a destination (Electron's dialog in the app, a stub in
 * Node tests and the e2e bridge), writes there itself and reports the path. A cancelled dialog is a normal
 * answer ("cancelled"), not an error.
 */

export type SaveFilter = { name: string; extensions: string[] };

export type SaveRequest = {
  /** A file name only (no folder): the dialog opens in Downloads with this name filled in. */
  defaultName: string;
  filters: SaveFilter[];
};

/** A file the user picks for main to read (a Tally ledger mapping or List of Accounts). */
export type OpenRequest = {
  /** The dialog's title: says what the file is for. */
  title: string;
  filters: SaveFilter[];
};

export type FileDeps = {
  /** Asks the user where to save; null when they cancelled. */
  chooseSavePath: (request: SaveRequest) => Promise<string | null> | string | null;
  /** Asks the user for a file to read; null when they cancelled. Optional: without it reading is refused. */
  chooseOpenPath?: (request: OpenRequest) => Promise<string | null> | string | null;
  /** Shows a file in the OS file manager (Electron's shell.showItemInFolder). */
  revealFile?: (path: string) => void;
};

export type SaveResult<T> = { status: 'saved'; path: string; fileName: string; value: T } | { status: 'cancelled' };

export type SaveDesk = {
  /** Asks for a destination, then runs `write(path)`; the path is remembered as written this session. */
  save<T>(request: SaveRequest, write: (path: string) => Promise<T>): Promise<SaveResult<T>>;
  /** Shows a file main wrote this session in its folder; refuses any other path. */
  reveal(path: string): void;
  /** Asks for a file to read; the absolute path, or null when the user cancelled. */
  open(request: OpenRequest): Promise<string | null>;
};

/** The request for a file named `<stem>.<extension>`, offering only that format in the dialog. */
export function saveRequest(stem: string, format: FileType): SaveRequest {
  const type = FILE_TYPES[format];
  return { defaultName: `${stem}.${type.extension}`, filters: [{ name: type.label, extensions: [type.extension] }] };
}

/** Without a dialog (a headless context) saving is refused plainly instead of writing somewhere unasked. */
const NO_DIALOG: FileDeps = {
  chooseSavePath: () => {
    throw new AppError('not_found', 'This app has no save dialog here.');
  },
};

export function createSaveDesk(deps: FileDeps = NO_DIALOG): SaveDesk {
  // Only files written in this session can be revealed: the renderer is untrusted, and "show any path" would let
  // it probe the disk.
  const written = new Set<string>();
  return {
    async save(request, write) {
      const chosen = await deps.chooseSavePath(request);
      if (!chosen) return { status: 'cancelled' };
      if (!isAbsolute(chosen)) throw new AppError('invalid_input', 'Choose a folder and a file name to save to.');
      const path = resolve(chosen);
      const value = await write(path);
      written.add(path);
      return { status: 'saved', path, fileName: basename(path), value };
    },
    reveal(path) {
      const target = resolve(path);
      if (!written.has(target) || !existsSync(target)) {
        throw new AppError('not_found', 'That file was not saved by the app in this session.');
      }
      deps.revealFile?.(target);
    },
    async open(request) {
      if (!deps.chooseOpenPath) throw new AppError('not_found', 'This app has no open-file dialog here.');
      const chosen = await deps.chooseOpenPath(request);
      if (!chosen) return null;
      if (!isAbsolute(chosen)) throw new AppError('invalid_input', 'Choose a file to read.');
      return resolve(chosen);
    },
  };
}
