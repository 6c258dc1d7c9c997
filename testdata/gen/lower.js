// Prints, for each topic, JavaScript's toLowerCase of it: what the Video
// SDK does to the topic before sending it (zoom-notes §4.4). The Go side's
// jsLower must agree on every line.
const topics = [
  'Weekly Standup', 'İstanbul', 'ΟΔΟΣ', 'ΣΑΣ Σ', 'AΣ.b', 'AΣ', 'Σ', 'ẞ', 'ǅ', 'ÀÉÎÕÜ', 'ΑΣ\u0301', 'DŽungla',
  'Ⅻ', 'Ⓐ', '𐐀', 'K', 'Å', 'I\u0307', 'ΌΣΟΣ.', "O'ΣΣ",
];
process.stdout.write('# topic\tJavaScript toLowerCase, made by testdata/gen/lower.js\n');
for (const t of topics) process.stdout.write(JSON.stringify(t) + '\t' + JSON.stringify(t.toLowerCase()) + '\n');
