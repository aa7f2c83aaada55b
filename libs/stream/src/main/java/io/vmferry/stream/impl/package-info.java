/**
 * Implementation of extent stream format v1: flyweight layouts, CRC and digest helpers and the
 * rules shared by encoder and decoder. Not an API: used by {@code io.vmferry.stream.api} and tests only.
 */
package io.vmferry.stream.impl;
