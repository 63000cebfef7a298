import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { loadPackageDefinition, type ServiceDefinition } from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';

/** The root folder of an installed package, found through its main file (their package.json files are not exported). */
function packageRoot(name: string, from: string): string {
  let dir = dirname(createRequire(from).resolve(name));
  while (!dir.endsWith(join('node_modules', ...name.split('/')))) {
    const up = dirname(dir);
    if (up === dir) throw new Error(`stand-in: cannot find the folder of ${name}`);
    dir = up;
  }
  return dir;
}

/**
 * The Publisher service from the .proto files that ship inside @google-cloud/pubsub, so the stand-in
 * speaks exactly the client's version of the API. Its imports (google/api/...) come from the google-gax
 * the pubsub package itself resolves, not whichever one happens to sit at the top of node_modules.
 */
export function loadPublisherService(): ServiceDefinition {
  const pubsub = packageRoot('@google-cloud/pubsub', import.meta.url);
  const gax = packageRoot('google-gax', join(pubsub, 'package.json'));
  const definition = loadSync('google/pubsub/v1/pubsub.proto', {
    includeDirs: [join(pubsub, 'build', 'protos'), join(gax, 'build', 'protos')],
    defaults: true,
    longs: String,
    enums: String,
    oneofs: true,
  });
  // biome-ignore lint/suspicious/noExplicitAny: a loaded package definition is typed by its path only.
  const loaded = loadPackageDefinition(definition) as any;
  return loaded.google.pubsub.v1.Publisher.service as ServiceDefinition;
}
