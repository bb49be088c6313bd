#!/usr/bin/env node
'use strict';
// The EdgeFlow language server: `edgeflow-language-server --stdio` for any LSP client.
require('../dist/server.js');
