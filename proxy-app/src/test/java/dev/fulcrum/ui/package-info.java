/** The admin page in a real headless Chromium against the real server. */
package dev.fulcrum.ui;
