import QRCode from 'qrcode';
it('timing', async () => {
  for (const w of [280, 280, 430, 430, 1280]) { const t = performance.now(); await QRCode.toBuffer('https://fake.weixin/pages/index/index?scene=x', { type: 'png', width: w, margin: 1 }); console.log(w, Math.round(performance.now() - t)); }
});
