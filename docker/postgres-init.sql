-- Runs once, when the db volume is first created (as the image's superuser "postgres").
-- Praksis logs in as "praksis": NOT a superuser and without BYPASSRLS, so row-level security
-- holds even for it. It owns the database (FORCE ROW LEVEL SECURITY covers the owner too) and
-- may create roles, because the first migration creates the request role "praksis_app"
-- (NOLOGIN, NOSUPERUSER, NOBYPASSRLS) and grants it to the migrating user; every request then
-- runs `SET ROLE praksis_app` inside its transaction.
CREATE ROLE praksis LOGIN PASSWORD 'praksis' NOSUPERUSER NOBYPASSRLS NOCREATEDB CREATEROLE;
CREATE DATABASE praksis OWNER praksis;
