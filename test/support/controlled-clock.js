/**
 * A clock tests can set from outside a child process: `node -r controlled-clock.js …` with
 * TEST_CLOCK_FILE naming a file. While the file holds a number, Date.now() answers that unix ms
 * (frozen); empty or missing, the real time. Only end-to-end tests load it; the service has no
 * such setting of its own.
 */
'use strict';
const fs = require('node:fs');

const file = process.env.TEST_CLOCK_FILE;
if (file) {
  const realNow = Date.now.bind(Date);
  Date.now = () => {
    let text = '';
    try {
      text = fs.readFileSync(file, 'utf8').trim();
    } catch {
      // no file: real time
    }
    const frozen = text === '' ? NaN : Number(text);
    return Number.isFinite(frozen) ? frozen : realNow();
  };
}
