/** Minimal typing for mvdan-sh (a JavaScript build of mvdan/sh's syntax package). */
declare module 'mvdan-sh' {
  // The package exposes Go structs; the walker in shell.ts reads them field by field.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  type GoNode = any;
  const sh: {
    syntax: {
      NewParser(...options: unknown[]): { Parse(src: string, name: string): GoNode };
      Walk(node: GoNode, visit: (node: GoNode) => boolean): void;
      NodeType(node: GoNode): string;
      KeepComments(keep: boolean): unknown;
      Variant(lang: unknown): unknown;
      LangBash: unknown;
    };
  };
  export default sh;
}
