import { Injectable } from '@nestjs/common';
import { createInterface } from 'node:readline';
import { CliError } from './cli-error';

// Cursor keys and other escape sequences typed at a hidden prompt; never part of a password.
// eslint-disable-next-line no-control-regex
const ESCAPE_SEQUENCE = /\u001b(\[[0-9;?]*[ -/]*[@-~]|O.|.)?/g;

/**
 * The command's side of the terminal: results on stdout; prompts (which are not results) on stderr, so that
 * `npm run cli -- user:add > out.txt` still shows them; input from stdin.
 */
@Injectable()
export class Terminal {
  /** One line of output on stdout. */
  print(line = ''): void {
    process.stdout.write(`${line}\n`);
  }

  /** A progress note on stderr (not a result): rewritten in place on a terminal, one line each otherwise. */
  progress(line: string): void {
    if (process.stderr.isTTY) process.stderr.write(`\r${line}`);
    else process.stderr.write(`${line}\n`);
  }

  /** True when stdin is a terminal a person can type at (not a pipe or a file). */
  get interactive(): boolean {
    return Boolean(process.stdin.isTTY);
  }

  /** Asks a question with echo; Ctrl-C or end of input cancel. */
  ask(question: string): Promise<string> {
    return new Promise((resolve, reject) => {
      const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: true });
      let answered = false;
      rl.on('SIGINT', () => rl.close());
      rl.on('close', () => {
        if (!answered) {
          process.stderr.write('\n');
          reject(new CliError('cancelled'));
        }
      });
      rl.question(question, (answer) => {
        answered = true;
        rl.close();
        resolve(answer);
      });
    });
  }

  /** Asks for a secret without echoing it (raw mode); Ctrl-C or Ctrl-D on an empty line cancel. */
  askHidden(question: string): Promise<string> {
    const stdin = process.stdin;
    return new Promise((resolve, reject) => {
      let value = '';
      const finish = () => {
        stdin.off('data', onData);
        stdin.setRawMode(false);
        stdin.pause();
        process.stderr.write('\n');
      };
      const onData = (chunk: Buffer | string) => {
        for (const char of String(chunk).replace(ESCAPE_SEQUENCE, '')) {
          if (char === '\r' || char === '\n') {
            finish();
            resolve(value);
            return;
          }
          if (char === '\u0003' || (char === '\u0004' && value === '')) {
            finish();
            reject(new CliError('cancelled'));
            return;
          }
          if (char === '\u007f' || char === '\b') value = [...value].slice(0, -1).join('');
          else if (char >= ' ') value += char;
        }
      };
      process.stderr.write(question);
      stdin.setEncoding('utf8');
      stdin.setRawMode(true);
      stdin.on('data', onData);
      stdin.resume();
    });
  }

  /**
   * The first line of stdin (for scripts: `echo "$PASSWORD" | ...`), without its line ending;
   * null when stdin ends before any input.
   */
  async readFirstLine(): Promise<string | null> {
    const rl = createInterface({ input: process.stdin, terminal: false, crlfDelay: Infinity });
    try {
      for await (const line of rl) return line;
      return null;
    } finally {
      rl.close();
      process.stdin.pause();
    }
  }
}
