import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from './server';

// The entry point: it only creates the connection, over the transport named on
// the command line (`--stdio` for any LSP client, `--node-ipc` when the VS Code
// client forks it); everything else is in startServer.
startServer(createConnection(ProposedFeatures.all));
