/**
 * DR receiver service: receives extent streams over mutual TLS and keeps a replica (sparse raw file
 * plus {@code state.json}) of each replicated VM disk, updated crash-safely from full, incremental
 * and differential streams. Entry point: {@link io.vmferry.receiver.ReceiverService}.
 */
package io.vmferry.receiver;
