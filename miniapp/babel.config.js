// babel-preset-taro compiles the app for both targets (it needs @babel/preset-react installed).
module.exports = {
  presets: [['taro', { framework: 'react', ts: true, compiler: 'webpack5' }]],
};
