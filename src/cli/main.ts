import * as fs from 'fs';
import * as path from 'path';
import { CliCommand, EXIT_INVALID_INPUT, EXIT_OK } from './command';

const commandsDir = path.join(__dirname, 'commands');

function availableCommands(): string[] {
  if (!fs.existsSync(commandsDir)) return [];
  return fs
    .readdirSync(commandsDir)
    .filter((f) => f.endsWith('.js') || (f.endsWith('.ts') && !f.endsWith('.d.ts')))
    .map((f) => f.replace(/\.(js|ts)$/, ''))
    .sort();
}

function loadCommand(name: string): CliCommand | undefined {
  if (!/^[a-z][a-z0-9-]*$/.test(name) || !availableCommands().includes(name)) return undefined;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(path.join(commandsDir, name)).command as CliCommand;
}

function help(): string {
  const lines = ['batsafe — lithium-ion cell and pack abuse simulation', '', 'Commands:'];
  for (const name of availableCommands()) {
    const cmd = loadCommand(name);
    if (cmd) lines.push(`  ${name.padEnd(10)} ${cmd.summary}`);
  }
  lines.push('', 'Run `batsafe <command> --help` for the options of one command.');
  return lines.join('\n') + '\n';
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(help());
    return name ? EXIT_OK : EXIT_INVALID_INPUT;
  }
  if (name === '--version' || name === '-v') {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    process.stdout.write(require(path.join(__dirname, '..', '..', '..', 'package.json')).version + '\n');
    return EXIT_OK;
  }
  const cmd = loadCommand(name);
  if (!cmd) {
    process.stderr.write(`batsafe: unknown command '${name}'. Known: ${availableCommands().join(', ')}\n`);
    return EXIT_INVALID_INPUT;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(cmd.usage.endsWith('\n') ? cmd.usage : cmd.usage + '\n');
    return EXIT_OK;
  }
  return cmd.run(rest);
}
