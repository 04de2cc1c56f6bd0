// The page the interop test opens: EmbeddedChat 0.2.3 from npm, nothing else. Everything it
// needs comes from the query string, so one build serves any server the test starts:
//   ?host=http://127.0.0.1:PORT&roomId=RID&token=RESUME_TOKEN
// The token logs in through EmbeddedChat's own TOKEN flow: it POSTs `credentials` to
// /api/v1/login as they are, here {resume}, Rocket.Chat's resume login.
import React from 'react';
import { createRoot } from 'react-dom/client';
import { EmbeddedChat } from '@embeddedchat/react';

const params = new URLSearchParams(window.location.search);
const host = params.get('host');
const roomId = params.get('roomId');
const token = params.get('token');
// A stable object: EmbeddedChat logs in again whenever the `auth` prop changes identity.
const auth = token ? { flow: 'TOKEN', credentials: { resume: token } } : { flow: 'PASSWORD' };

createRoot(document.getElementById('root')).render(
  <EmbeddedChat host={host} roomId={roomId} auth={auth} height="100vh" showAvatar showName showUsername />,
);
