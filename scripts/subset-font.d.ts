/** Types of the npm package `subset-font` (it ships none): HarfBuzz subsetting in WebAssembly. */
declare module 'subset-font' {
  export default function subsetFont(
    font: Buffer,
    text: string,
    options?: { targetFormat?: 'sfnt' | 'woff' | 'woff2' | 'truetype'; keepFeatures?: string[]; noLayoutClosure?: boolean; preserveNameIds?: number[] },
  ): Promise<Buffer>;
}
