// Ambient types for the viewer: .svelte modules.
/// <reference types="svelte" />
