/**
 * The warehouse connections the data sources ship with: SQL Server as compose publishes it, and the
 * PostgreSQL that `npm start` fills (its default DATABASE_URL). Tableau asks for the password and
 * lets the user edit server and login (Data > Edit Data Source).
 */
export type TableauDialect = 'sqlserver' | 'postgres';

export interface TableauConnection {
  readonly dialect: TableauDialect;
  /** The <named-connection> name, which a <relation> refers to. */
  readonly name: string;
  /** For the data source's caption: "SQL Server" or "PostgreSQL". */
  readonly label: string;
  readonly namedConnection: string;
}

export const CONNECTIONS: Readonly<Record<TableauDialect, TableauConnection>> = {
  sqlserver: {
    dialect: 'sqlserver',
    name: 'sqlserver.spotify_warehouse',
    label: 'SQL Server',
    namedConnection: `<named-connection caption='127.0.0.1,1433' name='sqlserver.spotify_warehouse'>
        <connection authentication='sqlserver' class='sqlserver' dbname='spotify' odbc-native-protocol='yes' one-time-sql='' server='127.0.0.1,1433' username='sa' workgroup-auth-mode='as-is' />
      </named-connection>`,
  },
  postgres: {
    dialect: 'postgres',
    name: 'postgres.spotify_warehouse',
    label: 'PostgreSQL',
    namedConnection: `<named-connection caption='127.0.0.1' name='postgres.spotify_warehouse'>
        <connection authentication='username-password' class='postgres' dbname='postgres' one-time-sql='' port='5432' server='127.0.0.1' sslmode='prefer' username='postgres' />
      </named-connection>`,
  },
};
