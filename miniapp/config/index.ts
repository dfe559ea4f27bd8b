// Taro build configuration for the weapp and h5 targets (one file; dev/prod differ only by NODE_ENV).
import { defineConfig, type UserConfigExport } from '@tarojs/cli';

export default defineConfig<'webpack5'>(async () => {
  const config: UserConfigExport<'webpack5'> = {
    projectName: 'huiyuan-miniapp',
    date: '2025-11-23',
    designWidth: 750,
    deviceRatio: { 640: 2.34 / 2, 750: 1, 375: 2, 828: 1.81 / 2 },
    sourceRoot: 'src',
    // One folder per target so a weapp build never wipes the h5 build the server serves.
    outputRoot: `dist/${process.env.TARO_ENV}`,
    plugins: [],
    defineConstants: {},
    copy: { patterns: [], options: {} },
    framework: 'react',
    compiler: 'webpack5',
    cache: { enable: false },
    mini: {
      // Taro transpiles only src/ by default; @huiyuan/shared (ES2022: `??`, class fields) and the
      // ESM-only `qr` and @noble/hashes go through Babel too, so older WeChat base libraries run them.
      compile: {
        include: [(modulePath: string) => /[\\/](shared[\\/]dist|qr|@noble[\\/]hashes)[\\/]/.test(modulePath)],
      },
      postcss: {
        pxtransform: { enable: true, config: {} },
        cssModules: { enable: false },
      },
    },
    h5: {
      publicPath: '/',
      staticDirectory: 'static',
      // Hash routing needs nothing from the server beyond serving index.html at `/`.
      router: { mode: 'hash' },
      output: {
        filename: 'js/[name].[hash:8].js',
        chunkFilename: 'js/[name].[chunkhash:8].js',
      },
      miniCssExtractPluginOption: {
        ignoreOrder: true,
        filename: 'css/[name].[hash].css',
        chunkFilename: 'css/[name].[chunkhash].css',
      },
      postcss: {
        autoprefixer: { enable: true, config: {} },
        cssModules: { enable: false },
      },
      webpackChain(chain) {
        // Taro splits only initial chunks on H5, so every lazily loaded page chunk carried its own
        // copy of the component library (~25 KB gz each). Splitting all chunks shares it once.
        chain.optimization.merge({ splitChunks: { chunks: 'all' } });
      },
      devServer: {
        port: 10086,
        // The API runs on :3000 in development; the H5 app calls it on its own origin.
        proxy: {
          '/api': { target: 'http://localhost:3000', changeOrigin: true },
        },
      },
    },
  };
  return config;
});
