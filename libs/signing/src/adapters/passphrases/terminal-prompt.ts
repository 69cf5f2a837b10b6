import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import { PassphrasePrompt } from './passphrase-source';

/** Asks on the controlling terminal (stdin), the prompt on stderr, typing not echoed. */
export class TerminalPassphrasePrompt extends PassphrasePrompt {
  available(): boolean {
    return Boolean(process.stdin.isTTY);
  }

  ask(question: string): Promise<string> {
    let muted = false;
    const output = new Writable({
      write(chunk: Buffer, _encoding, done) {
        if (!muted) process.stderr.write(chunk);
        done();
      },
    });
    const readline = createInterface({ input: process.stdin, output, terminal: true });
    return new Promise((resolve) => {
      readline.question(question, (answer) => {
        readline.close();
        process.stderr.write('\n');
        resolve(answer);
      });
      muted = true;
    });
  }
}
