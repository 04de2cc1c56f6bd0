// A small, maintained set of emoji by Rocket.Chat shortname (what the server's message parser
// and reactions use). Loaded on demand (the picker and ':' autocomplete), not with the app.
export const EMOJI: Array<[string, string]> = [
  ['smile', '😄'], ['grinning', '😀'], ['joy', '😂'], ['rofl', '🤣'], ['slight_smile', '🙂'], ['wink', '😉'],
  ['blush', '😊'], ['heart_eyes', '😍'], ['kissing_heart', '😘'], ['thinking', '🤔'], ['neutral_face', '😐'],
  ['expressionless', '😑'], ['rolling_eyes', '🙄'], ['smirk', '😏'], ['grimacing', '😬'], ['relieved', '😌'],
  ['sleeping', '😴'], ['sunglasses', '😎'], ['nerd', '🤓'], ['confused', '😕'], ['worried', '😟'],
  ['open_mouth', '😮'], ['astonished', '😲'], ['flushed', '😳'], ['cry', '😢'], ['sob', '😭'], ['scream', '😱'],
  ['angry', '😠'], ['rage', '😡'], ['skull', '💀'], ['poop', '💩'], ['clown', '🤡'], ['ghost', '👻'],
  ['robot', '🤖'], ['wave', '👋'], ['ok_hand', '👌'], ['v', '✌️'], ['crossed_fingers', '🤞'],
  ['point_up', '☝️'], ['thumbsup', '👍'], ['thumbsdown', '👎'], ['clap', '👏'], ['raised_hands', '🙌'],
  ['pray', '🙏'], ['muscle', '💪'], ['eyes', '👀'], ['heart', '❤️'], ['broken_heart', '💔'], ['fire', '🔥'],
  ['sparkles', '✨'], ['star', '⭐'], ['tada', '🎉'], ['rocket', '🚀'], ['zap', '⚡'], ['100', '💯'],
  ['white_check_mark', '✅'], ['x', '❌'], ['warning', '⚠️'], ['question', '❓'], ['exclamation', '❗'],
  ['bulb', '💡'], ['memo', '📝'], ['calendar', '📅'], ['lock', '🔒'], ['bug', '🐛'], ['coffee', '☕'],
  ['beer', '🍺'], ['pizza', '🍕'], ['cake', '🍰'], ['sunny', '☀️'], ['rainbow', '🌈'], ['snowflake', '❄️'],
  ['dog', '🐶'], ['cat', '🐱'], ['see_no_evil', '🙈'], ['wave_tone1', '👋🏻'], ['shrug', '🤷'], ['facepalm', '🤦'],
];
