import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from './server';

// The stdio entry point (`edgeflow-language-server --stdio`): it only creates
// the connection; everything else is in startServer.
startServer(createConnection(ProposedFeatures.all));
