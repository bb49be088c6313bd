#!/usr/bin/env node
'use strict';
require('../dist/cli.js')
  .main(process.argv.slice(2))
  .then(
    (code) => {
      process.exitCode = code;
    },
    (error) => {
      // Only a bug in EdgeFlow itself gets here; say so instead of a bare trace.
      console.error(`edgeflow: internal error: ${error && error.stack ? error.stack : error}`);
      process.exitCode = 3;
    },
  );
