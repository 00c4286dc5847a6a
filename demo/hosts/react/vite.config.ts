import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// Built into dist/ with relative asset paths, so the page can be served from any folder.
export default defineConfig({ base: './', plugins: [react()] });
