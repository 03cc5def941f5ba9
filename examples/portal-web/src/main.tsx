import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app';
import './styles.css';

async function main() {
  if (import.meta.env.MODE === 'mock') {
    // The service worker must answer before the app's first call.
    const { startMocks } = await import('./mocks/start-mocks');
    await startMocks();
  }
  const root = document.getElementById('root');
  if (!root) throw new Error('index.html has no #root');
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}

void main();
