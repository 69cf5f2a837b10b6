// Preloaded (node --require) into a service under test: on SIGUSR2 it writes the files of every module loaded so
// far (require's cache) to LOADED_MODULES_FILE, so that a test can see what a start loads and what it defers.
const { writeFileSync } = require('node:fs');

process.on('SIGUSR2', () => {
  writeFileSync(process.env.LOADED_MODULES_FILE, JSON.stringify(Object.keys(require.cache)));
});
