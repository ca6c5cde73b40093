// The two Node built-ins the Node entry uses, declared here so the package needs no @types/node.
declare module "node:fs" {
  export function readFileSync(path: URL): Uint8Array;
}
