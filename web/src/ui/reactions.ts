// The reactions the app offers, by Rocket.Chat shortname, with their characters. Reactions
// with other names (from other clients) show their name.
export const QUICK_REACTIONS: Array<[string, string]> = [
  [':thumbsup:', '👍'],
  [':heart:', '❤️'],
  [':joy:', '😂'],
  [':tada:', '🎉'],
  [':eyes:', '👀'],
  [':white_check_mark:', '✅'],
];
const BY_NAME = new Map(QUICK_REACTIONS);
export const reactionChar = (name: string) => BY_NAME.get(name) ?? name;
