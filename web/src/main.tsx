import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { prefetch } from './api/prefetch.ts';
import { App } from './app.tsx';
import { loadWorld } from './components/world-outline.ts';
import { storedKey } from './session/session.ts';
import './styles.css';

// A returning operator lands on the fleet: fetch its status and the world map while the session is
// being checked, instead of one after the other.
if (storedKey() && location.pathname === '/') {
  prefetch('/fleet/status');
  void loadWorld().catch(() => undefined);
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
